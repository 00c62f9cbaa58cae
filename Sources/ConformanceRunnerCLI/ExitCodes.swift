/// Exit codes, kselftest-like (conventions.md §2.1), documented in --help and the README.
enum ExitCodes {
    static let help = """
        Exit codes:
          0  every result was expected (pass, skip, or matched the baseline)
          1  unexpected failure (fail, crash, timeout, dmesg-*, incomplete, unexpected pass)
          2  usage error or bad input (arguments, selectors, baselines, test lists, results folder)
          3  run aborted (kernel oops or fatal taint, a worker that refused to die), or a device lost
             mid-run (driver unbound, device removed): the case in flight is recorded incomplete with
             what it saw, the device's remaining cases notrun; 'resume DIR' runs them once it is back
          4  nothing ran: every selected case was skipped
          5  the results folder could not be written (disk full, I/O error): the error names the file;
             every journal line already written stays readable; 'resume DIR' continues once fixed
          130, 143  stopped by SIGINT / SIGTERM: the case in flight is recorded incomplete, reports are
             written for what finished, 'resume DIR' runs the rest (a second signal exits at once)
        A second 'run' or 'resume' on a results folder in use (locked: DIR/run.lock) is refused with 2.
        """
}
