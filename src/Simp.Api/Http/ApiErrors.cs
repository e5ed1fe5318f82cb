using Microsoft.AspNetCore.Http.HttpResults;

namespace Simp.Api.Http;

/// <summary>Error results in the shape the HTTP contract fixes.</summary>
public static class ApiErrors
{
    public static JsonHttpResult<ErrorBody> BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static JsonHttpResult<ErrorBody> Unauthorized(string message = "Not authenticated")
        => Error(StatusCodes.Status401Unauthorized, message);

    public static JsonHttpResult<ErrorBody> Forbidden(string message) => Error(StatusCodes.Status403Forbidden, message);

    public static JsonHttpResult<ErrorBody> NotFound(string message = "Image not found") => Error(StatusCodes.Status404NotFound, message);

    public static JsonHttpResult<ErrorBody> Error(int status, string message) => TypedResults.Json(new ErrorBody(message), statusCode: status);

    /// <summary>Writes an error outside an endpoint, e.g. from an authentication event.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorBody(message), context.RequestAborted);
    }
}
