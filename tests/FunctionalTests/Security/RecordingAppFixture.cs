using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>An <see cref="AppFixture"/> whose app records every log line (at Trace) and every response it sends.</summary>
public sealed class RecordingAppFixture : AppFixture
{
    public RecordingAppFixture()
        : this(new AppOutput())
    {
    }

    private RecordingAppFixture(AppOutput output)
        : base(output.Register) => Output = output;

    public AppOutput Output { get; }
}
