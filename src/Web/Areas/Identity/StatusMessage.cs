using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace OpenRouterSaaS.Web.Areas.Identity;

/// <summary>The one-off message the site layout shows at the top of the next page (see <c>_StatusMessage.cshtml</c>).</summary>
public static class StatusMessage
{
    public static void SetStatus(this ITempDataDictionary tempData, string message, bool isError = false)
    {
        tempData["StatusMessage"] = message;
        tempData["StatusIsError"] = isError;
    }
}
