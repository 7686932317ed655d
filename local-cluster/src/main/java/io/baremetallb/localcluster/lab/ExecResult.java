package io.baremetallb.localcluster.lab;

import java.util.List;

/** How a command run by the lab ended: exit code and what it printed. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

  public boolean ok() {
    return exitCode == 0;
  }

  /** This result if the command exited 0; otherwise a {@link LabException} naming the command. */
  public ExecResult orThrow() {
    if (!ok()) {
      throw new LabException(String.join(" ", command) + " exited " + exitCode + ": "
          + (stderr.isBlank() ? stdout : stderr).strip());
    }
    return this;
  }
}
