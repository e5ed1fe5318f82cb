// Serves the files of one folder at /{name}, as Simp serves images, but with nothing else:
// no lookup, no privacy check, no view recording.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();

var app = builder.Build();
var folder = Path.GetFullPath(app.Configuration["folder"] ?? throw new InvalidOperationException("--folder is required"));

app.MapGet("/{file}", (string file) =>
{
    var path = Path.Combine(folder, Path.GetFileName(file));
    return File.Exists(path) ? Results.File(path, "image/png") : Results.NotFound();
});

app.Run();
