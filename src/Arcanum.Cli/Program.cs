using Arcanum.Cli;

return ArcanumCli.Run(args, Console.Out, Console.Error);
