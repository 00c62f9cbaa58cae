import ConformanceRunnerCLI
import SyntheticSupport

// The shipped CLI plus the synthetic device, for the isolation tests: crash, hang, exit, oops
// and taint cases run through the real run/resume/worker code paths.
SyntheticDevices.install()
RemovableDevices.install()
ConformanceRunner.main()
