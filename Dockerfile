# syntax=docker/dockerfile:1
# The web app's image, built from the repository root:   docker build -t openroutersaas .
# One image for every role: with no arguments it serves the site on port 8080; `migrate` applies the database
# migrations and exits; `rotate-secrets` re-encrypts the stored secrets under the active master key and exits.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Restore from the project files alone first, so that a change to the code does not fetch the packages again.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Domain/OpenRouterSaaS.Domain.csproj src/Domain/
COPY src/Application/OpenRouterSaaS.Application.csproj src/Application/
COPY src/Infrastructure/OpenRouterSaaS.Infrastructure.csproj src/Infrastructure/
COPY src/Web/OpenRouterSaaS.Web.csproj src/Web/
RUN dotnet restore src/Web/OpenRouterSaaS.Web.csproj

COPY src/ src/
RUN dotnet publish src/Web/OpenRouterSaaS.Web.csproj --no-restore --configuration Release --output /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_NOLOGO=1
COPY --from=build /app ./

# The image's unprivileged `app` user. The files above belong to root and are read-only to it; the app writes no
# files (logs go to stdout, Data Protection keys to the database).
USER $APP_UID
EXPOSE 8080

# No HEALTHCHECK: the image has no curl or wget. Probe /healthz (alive) and /readyz (database reachable and
# migrated) from the orchestrator or the load balancer instead.
ENTRYPOINT ["dotnet", "OpenRouterSaaS.Web.dll"]
