using OpenRouterSaaS.Bench;

// The measurements bench/run.sh cannot make with wrk, and the table it prints. Each command writes one JSON file.
var options = Options.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "stream" => await StreamProbe.RunAsync(options),
    "admin" => await AdminProbe.RunAsync(options),
    "open-streams" => await OpenStreamsProbe.RunAsync(options),
    "report" => Report.Run(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: probe stream|admin|open-streams|report --option value ... (see bench/README.md)");
    return 2;
}
