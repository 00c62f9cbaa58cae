import ConformanceRunnerCLI

ConformanceRunner.main()
