using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>
/// Outermost middleware that copies every response the app sends (status, headers, body) into an
/// <see cref="AppOutput"/>, while still sending it as it goes: pages, JSON, htmx partials, redirects and error pages alike.
/// </summary>
internal sealed class ResponseRecorder(AppOutput output) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var sent = context.Response.Body;
            using var copy = new MemoryStream();
            context.Response.Body = new CopyingStream(sent, copy);
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                context.Response.Body = sent;
                output.Add(Recorded(context, copy));
            }
        });
        next(app);
    };

    private static SentResponse Recorded(HttpContext context, MemoryStream body)
    {
        var text = new StringBuilder().Append(context.Response.StatusCode).AppendLine();
        foreach (var (name, values) in context.Response.Headers)
        {
            text.Append(name).Append(": ").Append(values.ToString()).AppendLine();
        }

        text.AppendLine().Append(Encoding.UTF8.GetString(body.ToArray()));
        var url = context.Request.Path + context.Request.QueryString;
        return new SentResponse(context.Request.Method, url, context.Response.StatusCode, text.ToString());
    }

    /// <summary>Writes to the response and to a copy; nothing is held back, so streamed responses still stream.</summary>
    private sealed class CopyingStream(Stream response, MemoryStream copy) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            copy.Write(buffer);
            response.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            copy.Write(buffer.Span);
            await response.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => response.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => response.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
