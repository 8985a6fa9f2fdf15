using System.Text.Json;
using OpenRouterSimulator.Accounting;
using OpenRouterSimulator.Api;
using OpenRouterSimulator.Faults;

namespace OpenRouterSimulator.Keys;

/// <summary><c>/api/v1/keys</c>: a management key lists, mints, reads, updates and deletes the API keys of its account.</summary>
internal sealed class KeysEndpoints(SimulatorState state, KeyAuthenticator authenticator, FaultResponder faults)
{
    private const int PageSize = 100;

    public async Task ListAsync(HttpContext context)
    {
        if (await ManagementKeyAsync(context) is not { } manager)
        {
            return;
        }

        var query = context.Request.Query;
        var includeDisabled = string.Equals(query["include_disabled"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        var offsetText = query["offset"].ToString();
        if (!int.TryParse(offsetText.Length == 0 ? "0" : offsetText, out var offset) || offset < 0)
        {
            await OpenRouterErrors.BadRequestAsync(context, "offset must be a non-negative integer");
            return;
        }

        var today = UtcCalendar.Today(state.Time);
        var keys = state.KeysOf(manager.Account)
            .Where(k => !k.IsManagement)
            .Select(k => k.View(today))
            .Where(v => includeDisabled || !v.Disabled)
            .Skip(offset)
            .Take(PageSize)
            .Select(v => KeyData.From(v, manager.Account.Name))
            .ToList();
        await context.Response.WriteAsJsonAsync(new KeyListResponse(keys), SimulatorJsonContext.Wire.KeyListResponse);
    }

    public async Task CreateAsync(HttpContext context)
    {
        if (await ManagementKeyAsync(context) is not { } manager || await ReadBodyAsync(context) is not { } body)
        {
            return;
        }

        using (body)
        {
            if (!KeyBodyReader.TryReadCreate(body.RootElement, state.Time.GetUtcNow(), out var settings, out var error))
            {
                await OpenRouterErrors.BadRequestAsync(context, error!);
                return;
            }

            var key = state.MintKey(manager.Account, settings);
            var data = KeyData.From(key.View(UtcCalendar.Today(state.Time)), manager.Account.Name);
            context.Response.StatusCode = StatusCodes.Status201Created;
            await context.Response.WriteAsJsonAsync(new CreatedKeyResponse(data, key.Secret), SimulatorJsonContext.Wire.CreatedKeyResponse);
        }
    }

    public async Task GetAsync(HttpContext context, string hash)
    {
        if (await ManagementKeyAsync(context) is not { } manager || await OwnedKeyAsync(context, manager, hash) is not { } key)
        {
            return;
        }

        await WriteKeyAsync(context, key, manager);
    }

    public async Task UpdateAsync(HttpContext context, string hash)
    {
        if (await ManagementKeyAsync(context) is not { } manager
            || await OwnedKeyAsync(context, manager, hash) is not { } key
            || await ReadBodyAsync(context) is not { } body)
        {
            return;
        }

        using (body)
        {
            if (!KeyBodyReader.TryReadUpdate(body.RootElement, out var update, out var error))
            {
                await OpenRouterErrors.BadRequestAsync(context, error!);
                return;
            }

            key.Update(update, state.Time.GetUtcNow());
            await WriteKeyAsync(context, key, manager);
        }
    }

    public async Task DeleteAsync(HttpContext context, string hash)
    {
        if (await ManagementKeyAsync(context) is not { } manager || await OwnedKeyAsync(context, manager, hash) is not { } key)
        {
            return;
        }

        state.DeleteKey(key);
        await context.Response.WriteAsJsonAsync(new DeletedResponse(true), SimulatorJsonContext.Wire.DeletedResponse);
    }

    private Task WriteKeyAsync(HttpContext context, ApiKey key, ApiKey manager) =>
        context.Response.WriteAsJsonAsync(
            new KeyResponse(KeyData.From(key.View(UtcCalendar.Today(state.Time)), manager.Account.Name)),
            SimulatorJsonContext.Wire.KeyResponse);

    private async Task<ApiKey?> ManagementKeyAsync(HttpContext context)
    {
        var key = await authenticator.AuthenticateAsync(context);
        if (key is null || await faults.InterceptAsync(context))
        {
            return null;
        }

        if (!key.IsManagement)
        {
            await OpenRouterErrors.ForbiddenManagementOnlyAsync(context);
            return null;
        }

        return key;
    }

    /// <summary>An API key of the manager's account; keys of other accounts and management keys answer 404.</summary>
    private async Task<ApiKey?> OwnedKeyAsync(HttpContext context, ApiKey manager, string hash)
    {
        var key = state.FindByHash(hash);
        if (key is not null && ReferenceEquals(key.Account, manager.Account) && !key.IsManagement)
        {
            return key;
        }

        await OpenRouterErrors.NotFoundAsync(context, "API key not found");
        return null;
    }

    private static async Task<JsonDocument?> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await OpenRouterErrors.BadRequestAsync(context, "Invalid JSON in request body");
            return null;
        }
    }
}
