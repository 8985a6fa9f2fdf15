namespace OpenRouterSimulator.Chat;

/// <summary>Deterministic replies: the same prompt always gives the same words, one word being one completion token.</summary>
internal static class ReplyComposer
{
    private static readonly string[] Vocabulary =
    [
        "the", "answer", "depends", "on", "context", "and", "a", "careful", "reading", "of", "your", "request", "shows",
        "several", "useful", "options", "first", "consider", "cost", "latency", "quality", "then", "compare", "models",
        "providers", "budgets", "each", "choice", "has", "trade-offs", "that", "matter", "for", "teams", "in", "practice",
        "simple", "steps", "help", "clear", "results", "follow", "data", "measure", "often", "keep", "small", "reliable",
        "tests", "plan", "ahead", "review", "usage", "every", "week", "share", "notes", "with", "people", "who", "need",
        "them", "most", "today",
    ];

    /// <summary>FNV-1a over the UTF-16 text: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static ulong Fingerprint(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>The reply as pieces: the first word, then each next word with its leading space.</summary>
    public static string[] Compose(ulong seed, int minWords, int maxWords)
    {
        var state = seed;
        var span = Math.Max(0, maxWords - minWords) + 1;
        var count = Math.Max(1, minWords + (int)(Next(ref state) % (ulong)span));
        var pieces = new string[count];
        var sentenceLeft = 0;
        for (var i = 0; i < count; i++)
        {
            var word = Vocabulary[Next(ref state) % (ulong)Vocabulary.Length];
            var startsSentence = sentenceLeft == 0;
            if (startsSentence)
            {
                sentenceLeft = 6 + (int)(Next(ref state) % 7);
                word = char.ToUpperInvariant(word[0]) + word[1..];
            }

            sentenceLeft--;
            if (sentenceLeft == 0 || i == count - 1)
            {
                word += ".";
                sentenceLeft = 0;
            }

            pieces[i] = i == 0 ? word : " " + word;
        }

        return pieces;
    }

    /// <summary>SplitMix64.</summary>
    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
