using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.UnitTests.Web;

public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData(ErrorKind.Invalid, 400)]
    [InlineData(ErrorKind.NotFound, 404)]
    [InlineData(ErrorKind.Forbidden, 403)]
    [InlineData(ErrorKind.Conflict, 409)]
    public void Each_kind_of_error_has_its_status(ErrorKind kind, int status) =>
        Assert.Equal(status, new Error(kind, "message").StatusCode());

    [Fact]
    public void An_unknown_kind_is_a_programming_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Error((ErrorKind)99, "message").StatusCode());

    [Fact]
    public void Field_errors_land_next_to_the_Input_fields_they_name()
    {
        var modelState = new ModelStateDictionary();
        var error = new Error(ErrorKind.Invalid, "Some fields need attention.", new Dictionary<string, string[]>
        {
            ["Email"] = ["Enter a valid email address.", "Use a test address."],
            ["Role"] = ["Choose Owner, Admin or Member."],
        });

        error.AddTo(modelState);

        Assert.Equal(["Enter a valid email address.", "Use a test address."], Messages(modelState, "Input.Email"));
        Assert.Equal(["Choose Owner, Admin or Member."], Messages(modelState, "Input.Role"));
        Assert.False(modelState.ContainsKey(string.Empty));
    }

    [Fact]
    public void Field_errors_can_use_another_prefix_or_none()
    {
        var error = Error.InvalidField("Slug", "Taken.");
        var prefixed = new ModelStateDictionary();
        var bare = new ModelStateDictionary();

        error.AddTo(prefixed, "Create");
        error.AddTo(bare, prefix: "");

        Assert.Equal(["Taken."], Messages(prefixed, "Create.Slug"));
        Assert.Equal(["Taken."], Messages(bare, "Slug"));
    }

    [Fact]
    public void An_error_without_fields_is_shown_above_the_form()
    {
        var modelState = new ModelStateDictionary();

        Error.Conflict("A tenant must keep at least one owner.").AddTo(modelState);

        Assert.Equal(["A tenant must keep at least one owner."], Messages(modelState, string.Empty));
    }

    [Fact]
    public void Field_errors_become_a_400_validation_problem_for_the_api()
    {
        var problem = Assert.IsType<ValidationProblem>(Error.InvalidField("Email", "Enter a valid email address.").ToProblem());

        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Equal(["Enter a valid email address."], problem.ProblemDetails.Errors["Email"]);
        Assert.Equal("Enter a valid email address.", problem.ProblemDetails.Detail);
    }

    [Theory]
    [InlineData(ErrorKind.NotFound, 404)]
    [InlineData(ErrorKind.Forbidden, 403)]
    [InlineData(ErrorKind.Conflict, 409)]
    [InlineData(ErrorKind.Invalid, 400)]
    public void Other_errors_become_a_problem_with_their_status_and_message(ErrorKind kind, int status)
    {
        var problem = Assert.IsType<ProblemHttpResult>(new Error(kind, "What went wrong.").ToProblem());

        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(status, problem.ProblemDetails.Status);
        Assert.Equal("What went wrong.", problem.ProblemDetails.Detail);
    }

    [Fact]
    public void On_a_page_a_missing_thing_is_a_404()
    {
        var page = new TestPage();

        var result = Error.NotFound("That member was not found in this tenant.").ToPageResult(page);

        Assert.IsType<NotFoundResult>(result);
        Assert.True(page.ModelState.IsValid);
    }

    [Fact]
    public void On_a_page_other_errors_redisplay_the_form_with_the_message()
    {
        var page = new TestPage();

        var result = Error.InvalidField("Name", "Enter a name for the tenant.").ToPageResult(page);

        Assert.IsType<PageResult>(result);
        Assert.Equal(["Enter a name for the tenant."], Messages(page.ModelState, "Input.Name"));
    }

    private static string[] Messages(ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) ? entry.Errors.Select(error => error.ErrorMessage).ToArray() : [];

    private sealed class TestPage : PageModel;
}
