package fr.goodair.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The SQL endpoint's accounts, in one owner-only file ({@code $GOODAIR_HOME/sql-users}), one line per account:
 * {@code name role pbkdf2-sha256 iterations salt hash}. Passwords are never stored: each is hashed with
 * PBKDF2-HMAC-SHA256 at {@value #ITERATIONS} iterations (OWASP's 2023 figure for this function) over a random
 * 16-byte salt of its own, so a stolen file costs an attacker that work per guess and per account.
 */
public final class UserAccounts {

  /** What an account may do through the SQL endpoint. */
  public enum Role {
    /** Reads the lake: queries, SHOW and DESCRIBE; anything that would change it is refused. */
    ANALYST,
    /** Reads and writes. */
    ADMIN;

    public static Role parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown role '" + text + "' (analyst or admin)");
      }
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public record Account(String name, Role role) {}

  static final int ITERATIONS = 600_000;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final int MIN_PASSWORD_LENGTH = 12;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Hashed for unknown names too, so that a refusal takes as long whether or not the account exists. */
  private static final byte[] DUMMY_SALT = new byte[16];

  private record Entry(Role role, int iterations, byte[] salt, byte[] hash) {}

  private final Path file;

  public UserAccounts(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Adds the account, or sets a new password and role on an existing one. */
  public synchronized void put(String name, Role role, char[] password) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("account names are 1-64 characters: a lowercase letter, then lowercase "
          + "letters, digits, '_', '.' or '-' (not '" + name + "')");
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException("passwords have at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    Map<String, Entry> entries = read();
    entries.put(name, new Entry(role, ITERATIONS, salt, hash(password, salt, ITERATIONS)));
    write(entries);
  }

  /** Removes the account; false when there was none of that name. */
  public synchronized boolean remove(String name) {
    Map<String, Entry> entries = read();
    boolean removed = entries.remove(name) != null;
    if (removed) {
      write(entries);
    }
    return removed;
  }

  public synchronized List<Account> list() {
    return read().entrySet().stream().map(e -> new Account(e.getKey(), e.getValue().role())).toList();
  }

  /** The account's role when the password is its own; empty otherwise (unknown account or wrong password). */
  public Optional<Role> authenticate(String name, char[] password) {
    Entry entry = name == null ? null : read().get(name);
    if (entry == null) {
      hash(password, DUMMY_SALT, ITERATIONS);
      return Optional.empty();
    }
    boolean same = MessageDigest.isEqual(entry.hash(), hash(password, entry.salt(), entry.iterations()));
    return same ? Optional.of(entry.role()) : Optional.empty();
  }

  /** The role of an account, read now: a removed account loses its rights at its next statement. */
  public Optional<Role> role(String name) {
    return Optional.ofNullable(name == null ? null : read().get(name)).map(Entry::role);
  }

  /** A random password for generated accounts (the demo's): 20 characters of base64url, 120 bits. */
  public static char[] generatePassword() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
  }

  private static byte[] hash(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this Java", e);
    } finally {
      spec.clearPassword();
    }
  }

  private Map<String, Entry> read() {
    Map<String, Entry> entries = new TreeMap<>();
    if (!Files.exists(file)) {
      return entries;
    }
    try {
      int number = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        if (f.length != 6 || !f[2].equals(SCHEME)) {
          throw new IllegalStateException(file + " line " + number + " is not 'name role " + SCHEME
              + " iterations salt hash'");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        entries.put(f[0], new Entry(Role.parse(f[1]), Integer.parseInt(f[3]), b64.decode(f[4]), b64.decode(f[5])));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the SQL accounts file " + file, e);
    }
  }

  /** Replaces the file in one move, readable by its owner only. */
  private void write(Map<String, Entry> entries) {
    StringBuilder text = new StringBuilder("# GoodAir SQL endpoint accounts: name role scheme iterations salt hash\n");
    Base64.Encoder b64 = Base64.getEncoder();
    entries.forEach((name, e) -> text.append(String.join(" ", name, e.role().label(), SCHEME,
        Integer.toString(e.iterations()), b64.encodeToString(e.salt()), b64.encodeToString(e.hash()))).append('\n'));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".sql-users", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the SQL accounts file " + file, e);
    }
  }

  @Override
  public String toString() {
    return "UserAccounts[" + file + "]";
  }
}
