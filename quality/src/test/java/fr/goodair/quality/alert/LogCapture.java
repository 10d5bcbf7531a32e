package fr.goodair.quality.alert;

import java.io.StringWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything logged (any logger, any level that reaches the root) while it is open, as text: lets a test prove
 * that a secret never reaches the logs.
 */
final class LogCapture implements AutoCloseable {

  private final StringWriter text = new StringWriter();
  private final WriterAppender appender;
  private final LoggerContext context;

  // On the root only: other loggers are additive, so their events reach it whatever the root's own level.
  LogCapture() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    PatternLayout layout = PatternLayout.newBuilder().withConfiguration(config)
        .withPattern("%-5p %c{1} - %m%n%throwable").build();
    appender = WriterAppender.createAppender(layout, null, text, "capture-" + System.nanoTime(), false, true);
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, null, null);
    context.updateLoggers();
  }

  String text() {
    return text.toString();
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
