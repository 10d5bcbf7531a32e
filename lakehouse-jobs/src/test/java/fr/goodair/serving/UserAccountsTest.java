package fr.goodair.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.serving.UserAccounts.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserAccountsTest {

  @TempDir
  Path dir;

  @Test
  void storesSaltedSlowHashesNeverThePassword() throws Exception {
    UserAccounts accounts = new UserAccounts(dir.resolve("sql-users"));
    accounts.put("alice", Role.ANALYST, "same-password-here".toCharArray());
    accounts.put("bob", Role.ADMIN, "same-password-here".toCharArray());

    String file = Files.readString(accounts.file());
    assertThat(file).doesNotContain("same-password-here").contains("pbkdf2-sha256 " + UserAccounts.ITERATIONS);
    String[] alice = file.lines().filter(l -> l.startsWith("alice ")).findFirst().orElseThrow().split(" ");
    String[] bob = file.lines().filter(l -> l.startsWith("bob ")).findFirst().orElseThrow().split(" ");
    // Same password, different salts, so different hashes: one cracked hash says nothing of the other account.
    assertThat(alice[4]).isNotEqualTo(bob[4]);
    assertThat(alice[5]).isNotEqualTo(bob[5]);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(accounts.file()))).isEqualTo("rw-------");
  }

  @Test
  void authenticatesTheRightPasswordOnly() {
    UserAccounts accounts = new UserAccounts(dir.resolve("sql-users"));
    accounts.put("alice", Role.ANALYST, "correct-horse-battery".toCharArray());

    assertThat(accounts.authenticate("alice", "correct-horse-battery".toCharArray())).contains(Role.ANALYST);
    assertThat(accounts.authenticate("alice", "correct-horse-batterY".toCharArray())).isEmpty();
    assertThat(accounts.authenticate("alice", new char[0])).isEmpty();
    assertThat(accounts.authenticate("nobody", "correct-horse-battery".toCharArray())).isEmpty();
  }

  @Test
  void putReplacesRemoveForgetsAndBadInputChangesNothing() {
    UserAccounts accounts = new UserAccounts(dir.resolve("sql-users"));
    accounts.put("alice", Role.ANALYST, "first-password-1".toCharArray());
    accounts.put("alice", Role.ADMIN, "second-password-2".toCharArray());
    assertThat(accounts.authenticate("alice", "first-password-1".toCharArray())).isEmpty();
    assertThat(accounts.role("alice")).contains(Role.ADMIN);

    assertThatThrownBy(() -> accounts.put("Alice Smith", Role.ANALYST, "long-enough-pass".toCharArray()))
        .hasMessageContaining("account names");
    assertThatThrownBy(() -> accounts.put("carol", Role.ANALYST, "short".toCharArray()))
        .hasMessageContaining("at least 12");
    assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("analyst or admin");
    assertThat(accounts.list()).extracting(UserAccounts.Account::name).containsExactly("alice");

    assertThat(accounts.remove("alice")).isTrue();
    assertThat(accounts.remove("alice")).isFalse();
    assertThat(accounts.list()).isEmpty();
  }
}
