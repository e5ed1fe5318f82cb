using Simp.Api.Hosting;

// Settings files ship beside the binary; the data folder stays relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSimpGateway();

var app = builder.Build();
app.MapSimpGateway();

app.Run();

/// <summary>The gateway's entry point, public so tests can host it.</summary>
public partial class Program;
