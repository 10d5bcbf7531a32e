package fr.goodair.serving;

import javax.security.sasl.AuthenticationException;
import org.apache.hive.service.auth.PasswdAuthenticationProvider;

/**
 * HiveServer2's CUSTOM authentication for the SQL endpoint: a user name and password checked against
 * {@link UserAccounts}. An empty password (what an anonymous JDBC client sends) never matches. HiveServer2
 * creates this class by name, so the server hands it the accounts and the audit log through {@link #install}.
 */
public final class AccountAuthenticator implements PasswdAuthenticationProvider {

  private static volatile UserAccounts accounts;
  private static volatile SqlAuditLog audit;

  static void install(UserAccounts accounts, SqlAuditLog audit) {
    AccountAuthenticator.accounts = accounts;
    AccountAuthenticator.audit = audit;
  }

  @Override
  public void Authenticate(String user, String password) throws AuthenticationException {
    UserAccounts known = accounts;
    boolean accepted = known != null && user != null && password != null && !password.isEmpty()
        && known.authenticate(user, password.toCharArray()).isPresent();
    if (audit != null) {
      audit.login(user == null || user.isEmpty() ? "(anonymous)" : user, accepted);
    }
    if (!accepted) {
      // The same message whether the account exists or not: it tells a guesser nothing.
      throw new AuthenticationException("login refused: unknown account or wrong password");
    }
  }
}
