using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Simp.Api.Auth;
using Simp.Api.Http;
using Simp.Api.Images;
using Simp.Api.Options;
using Simp.Api.Secrets;
using Simp.Api.Stats;
using Simp.Api.Views;
using Simp.Silo.Hosting;

namespace Simp.Api.Hosting;

/// <summary>The gateway's wiring: options, secrets, authentication, the silo and the endpoints.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>Where the gateway listens when no <c>--urls</c> or <c>ASPNETCORE_URLS</c> is given.</summary>
    public const string DefaultUrl = "http://localhost:8080";

    /// <summary>How long a client is asked to wait before retrying while the cluster is unreachable.</summary>
    private const string ClusterRetryAfterSeconds = "5";

    /// <summary>Registers everything the gateway needs, co-hosting a silo or joining a cluster as a client.</summary>
    public static WebApplicationBuilder AddSimpGateway(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddSimpOptions();
        builder.AddSimpSecrets();
        builder.AddSimpAuthentication();
        builder.AddRequestLimits();

        builder.Services.AddMemoryCache(cache => cache.SizeLimit = 100_000);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ImageFileStore>();
        builder.Services.AddSingleton<ImageLookup>();
        builder.Services.AddSingleton<ImageAccessCache>();
        builder.Services.AddSingleton<ImageFileCache>();
        builder.Services.AddSingleton<ImageLinks>();
        builder.Services.AddSingleton<UploadService>();
        builder.Services.AddSingleton<UploadKeyCheck>();
        builder.Services.AddSingleton<DiskUsage>();
        builder.Services.AddSingleton<CountryResolver>();
        builder.Services.AddSingleton<ViewRecorder>();
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("cluster");

        if (Sections.Bind<GatewayOptions>(configuration, GatewayOptions.SectionName).Mode == GatewayMode.Client)
        {
            builder.UseOrleansClient(client => client.AddSimpClient(configuration));
        }
        else
        {
            builder.UseOrleans(silo => silo.AddSimp(configuration));
        }

        // Registered after Orleans, so it stops first and delivers its last views while the cluster is reachable.
        builder.Services.AddSingleton<ViewBuffer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ViewBuffer>());

        return builder;
    }

    /// <summary>Adds the middleware and maps every endpoint.</summary>
    public static WebApplication MapSimpGateway(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteExceptionAsync,

            // A request the client got wrong (a body too large, a value that does not bind) is
            // answered with its status; it is no fault of the server, so it is not logged as one.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });

        // Responses the framework ends without a body (no route, wrong method, a query value that
        // does not bind) still get the contract's error shape.
        app.UseStatusCodePages(context => ApiErrors.WriteAsync(
            context.HttpContext, context.HttpContext.Response.StatusCode,
            ReasonPhrases.GetReasonPhrase(context.HttpContext.Response.StatusCode)));

        // Routing comes after the client address is settled and before sign-in, so that share
        // links, the busiest path by far, skip the steps they do not use.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/healthz");
        app.MapConfigApi();
        app.MapAuthApi();
        app.MapImagesApi();
        app.MapStatsApi();
        app.MapPrivacyApi();
        app.MapPublicImageApi();

        return app;
    }

    /// <summary>
    /// A request the framework could not bind is the client's error and says why; a call the
    /// cluster could not take (no silo reachable, a call timed out) is worth retrying shortly;
    /// anything else is a 500 whose details stay in the log.
    /// </summary>
    private static Task WriteExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (exception is BadHttpRequestException badRequest)
        {
            return ApiErrors.WriteAsync(context, badRequest.StatusCode, badRequest.Message);
        }

        if (exception is OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or TimeoutException)
        {
            context.Response.Headers.RetryAfter = ClusterRetryAfterSeconds;
            return ApiErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The service is unavailable; try again shortly");
        }

        return ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal server error");
    }

    private static void AddSimpOptions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<SimpOptions>().Bind(configuration.GetSection(SimpOptions.SectionName));
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName))
            .Validate(
                gateway => ByteSize.TryParse(gateway.FileCacheSize, out _),
                $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.FileCacheSize)} is not a size; use a value such as 64MB, or 0.")
            .ValidateOnStart();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName));
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName));
        services.AddOptions<TrackingOptions>().Bind(configuration.GetSection(TrackingOptions.SectionName));
        services.AddOptions<ViewBufferOptions>().Bind(configuration.GetSection(ViewBufferOptions.SectionName));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.AddOptions<NetworkOptions>().Bind(configuration.GetSection(NetworkOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidator>();

        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<NetworkOptions>>((forwarded, network) => TrustedProxies.Configure(forwarded, network.Value));
    }

    private static void AddSimpSecrets(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var secrets = SecretStore.LoadOrCreate(
            DataPath.Resolve(configuration),
            Sections.Bind<AdminOptions>(configuration, AdminOptions.SectionName),
            Sections.Bind<AuthOptions>(configuration, AuthOptions.SectionName),
            Sections.Bind<SimpOptions>(configuration, SimpOptions.SectionName),
            announce: Console.WriteLine);

        builder.Services.AddSingleton(secrets);
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<OpenSessions>();
    }

    private static void AddSimpAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService, OpenSessions>((bearer, tokens, sessions) =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = tokens.AccessValidation;
                bearer.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        // Browsers carry the token in a cookie; API clients send a Bearer header.
                        if (!BearerHeader.IsPresent(context.Request))
                        {
                            context.Token = context.Request.Cookies[AuthCookies.AccessToken];
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = async context =>
                    {
                        // A signed, unexpired token whose session has ended (logged out, or its
                        // refresh token replayed) is refused like any other invalid one.
                        var sessionId = context.Principal?.FindFirst(TokenService.SessionClaim)?.Value;
                        if (sessionId is null || !await sessions.IsOpenAsync(sessionId))
                        {
                            context.Fail("The session has ended");
                        }
                    },
                    OnChallenge = context =>
                    {
                        context.HandleResponse();
                        return ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Not authenticated");
                    },
                };
            });
        builder.Services.AddAuthorization();

        var attemptsPerMinute = Sections.Bind<AuthOptions>(builder.Configuration, AuthOptions.SectionName).LoginAttemptsPerMinute;
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AuthApi.LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = attemptsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            limiter.OnRejected = (context, _) => new ValueTask(ApiErrors.WriteAsync(
                context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many attempts; try again in a minute"));
        });
    }

    private static void AddRequestLimits(this WebApplicationBuilder builder)
    {
        var storage = Sections.Bind<StorageOptions>(builder.Configuration, StorageOptions.SectionName);
        var maxFile = ByteSize.TryParse(storage.MaxFileSize, out var bytes) ? bytes : ByteSize.Parse(new StorageOptions().MaxFileSize);

        // Room for the form's own fields and boundaries around the largest allowed file.
        var maxRequest = maxFile + (1L << 20);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxRequest);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = maxRequest);
    }
}
