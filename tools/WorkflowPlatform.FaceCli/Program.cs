Console.WriteLine("face-cli: not built yet");
