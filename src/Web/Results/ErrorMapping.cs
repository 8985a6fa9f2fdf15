using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Web.Results;

/// <summary>The one place where an expected failure becomes an HTTP status, a problem response or a form error.</summary>
public static class ErrorMapping
{
    public static int StatusCode(this Error error) => error.Kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error.Kind, "Unknown error kind."),
    };

    /// <summary>An RFC 9457 problem response for the API, with field errors under <c>errors</c>.</summary>
    public static IResult ToProblem(this Error error)
    {
        var status = error.StatusCode();
        return error.FieldErrors is { Count: > 0 } fields
            ? TypedResults.ValidationProblem(fields.ToDictionary(), detail: error.Message, title: "The request has invalid fields.")
            : TypedResults.Problem(detail: error.Message, statusCode: status, title: TitleOf(error.Kind));
    }

    /// <summary>Puts the error next to the form fields it names (bound under <paramref name="prefix"/>), or above the form.</summary>
    public static void AddTo(this Error error, ModelStateDictionary modelState, string prefix = "Input")
    {
        if (error.FieldErrors is not { Count: > 0 } fields)
        {
            modelState.AddModelError(string.Empty, error.Message);
            return;
        }

        foreach (var (field, messages) in fields)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(string.IsNullOrEmpty(prefix) ? field : $"{prefix}.{field}", message);
            }
        }
    }

    /// <summary>For a page: a missing thing is a 404 page; anything else is shown on the form.</summary>
    public static IActionResult ToPageResult(this Error error, Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, string prefix = "Input")
    {
        if (error.Kind == ErrorKind.NotFound)
        {
            return page.NotFound();
        }

        error.AddTo(page.ModelState, prefix);
        return page.Page();
    }

    private static string TitleOf(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => "Not found.",
        ErrorKind.Forbidden => "Not allowed.",
        ErrorKind.Conflict => "The request conflicts with the current state.",
        _ => "The request is invalid.",
    };
}
