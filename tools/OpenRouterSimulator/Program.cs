using OpenRouterSimulator;

var app = SimulatorApp.Create(args);
await app.RunAsync();
