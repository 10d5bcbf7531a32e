package fr.goodair.quality;

import java.util.List;
import java.util.Optional;

/**
 * The rules of one table, in file order, as read from {@code rules/<table>.yaml}.
 *
 * @param table qualified name, e.g. {@code silver.weather_observation}
 * @param source where the rules came from (file path or classpath resource), for messages
 */
public record TableRules(String table, String source, List<Rule> rules) {

  public TableRules {
    rules = List.copyOf(rules);
  }

  /** Rules evaluated on every candidate row by {@link QualityGate#splitRows}. */
  public List<Rule.RowRule> rowLevel() {
    return rules.stream().filter(Rule.RowRule.class::isInstance).map(Rule.RowRule.class::cast).toList();
  }

  /** Rules evaluated on a batch's accepted rows by {@link QualityGate#verifyBatch}. */
  public List<Rule> batchLevel() {
    return rules.stream().filter(rule -> rule instanceof Rule.Complete || rule instanceof Rule.Unique
        || rule instanceof Rule.MaxRejectedShare).toList();
  }

  /** Rules evaluated on the whole table by {@link QualityGate#checkTables}. */
  public List<Rule> scheduled() {
    return rules.stream().filter(rule -> rule instanceof Rule.Complete || rule instanceof Rule.Unique
        || rule instanceof Rule.Freshness || rule instanceof Rule.ErrorRate
        || rule instanceof Rule.RowCountAnomaly).toList();
  }

  public Optional<Rule> rule(String name) {
    return rules.stream().filter(rule -> rule.name().equals(name)).findFirst();
  }
}
