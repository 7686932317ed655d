package io.baremetallb.localcluster.lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end, with output captured in files (no pipe can fill up and block it). */
public final class Commands {
  private Commands() {}

  static ExecResult run(List<String> command, Map<String, String> env, String stdin, Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("lab-out", ".txt");
      err = Files.createTempFile("lab-err", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(env);
      if (stdin == null) {
        builder.redirectInput(new File("/dev/null"));
      }
      Process process = builder.start();
      if (stdin != null) {
        try (var in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new LabException(String.join(" ", command) + " did not finish in " + timeout.toSeconds() + " s");
      }
      return new ExecResult(command, process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new LabException("running " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted while running " + String.join(" ", command), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /**
   * Runs {@code command} to its end, in {@code cwd} (the current directory when null), for at most
   * {@code timeout}: what it printed (standard error with standard output), or a {@link LabException}
   * naming the command when it cannot start, exits other than 0 (with what it printed) or does not
   * finish in time (then it is killed). For tests and benchmarks that drive network namespaces and
   * routers by their command-line tools.
   */
  public static String output(Duration timeout, Path cwd, String... command) {
    String name = String.join(" ", command);
    Path out = null;
    try {
      out = Files.createTempFile("lab-out", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
          .redirectInput(new File("/dev/null"));
      if (cwd != null) {
        builder.directory(cwd.toFile());
      }
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new LabException(name + " did not finish in " + timeout.toSeconds() + " s");
      }
      String printed = Files.readString(out);
      if (process.exitValue() != 0) {
        throw new LabException(name + " failed (exit " + process.exitValue() + "): " + printed);
      }
      return printed;
    } catch (IOException e) {
      throw new LabException(name + " could not start: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException(name + " interrupted", e);
    } finally {
      deleteQuietly(out);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      file.toFile().delete();
    }
  }
}
