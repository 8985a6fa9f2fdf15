namespace OpenRouterSimulator.Chat;

/// <summary>The simulator's tokenizer: one prompt token per 4 characters (rounded up) plus 4 per message; one completion token per word.</summary>
internal static class TokenCounter
{
    public const int PerMessageOverhead = 4;

    public static int Count(string text) => (text.Length + 3) / 4;

    public static int Prompt(IEnumerable<ChatMessage> messages) => messages.Sum(m => Count(m.Text()) + PerMessageOverhead);
}
