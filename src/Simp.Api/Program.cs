using Simp.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSimpGateway();

var app = builder.Build();
app.MapSimpGateway();

app.Run();

/// <summary>The gateway's entry point, public so tests can host it.</summary>
public partial class Program;
