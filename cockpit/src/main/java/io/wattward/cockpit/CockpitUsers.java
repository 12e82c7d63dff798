package io.wattward.cockpit;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Who may sign in to the cockpit, and who is signed in. Users come only from the environment variable
 * {@value #VARIABLE}: entries {@code name:role:hash} separated by commas or white space, the role
 * {@code viewer} (sees every page) or {@code operator} (also acknowledges and silences anomalies), the hash a
 * {@link PasswordHash}. Sessions live in memory under a random token (a restart signs everybody out) and end
 * after {@link #SESSION_IDLE} without a request.
 */
public final class CockpitUsers {

  public static final String VARIABLE = "WATTWARD_COCKPIT_USERS";
  public static final Duration SESSION_IDLE = Duration.ofHours(8);

  public enum Role {
    VIEWER, OPERATOR;

    public String code() {
      return name().toLowerCase();
    }
  }

  public record User(String name, Role role) {}

  private record Account(User user, String hash) {}

  private record Session(User user, long lastSeenMs) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Compared against when the name is unknown, so a wrong name costs as long as a wrong password. */
  private static final String DUMMY = PasswordHash.hash("not a password".toCharArray());

  private final Map<String, Account> accounts;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  private CockpitUsers(Map<String, Account> accounts, LongSupplier clock) {
    this.accounts = accounts;
    this.clock = clock;
  }

  /**
   * The users of the variable's value; a malformed entry stops with a message naming the variable and the
   * entry's user (never its hash).
   */
  public static CockpitUsers parse(String value, LongSupplier clock) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(VARIABLE + " is not set: give the cockpit's users as name:role:hash "
          + "(role viewer or operator; make the hash with `wattward serve --hash-password`)");
    }
    Map<String, Account> accounts = new LinkedHashMap<>();
    for (String entry : value.strip().split("[,\\s]+")) {
      String[] p = entry.split(":", 3);
      if (p.length != 3 || !p[0].matches("[A-Za-z0-9._@-]{1,64}")) {
        throw new IllegalArgumentException(VARIABLE + ": an entry is not name:role:hash (name of letters, digits, "
            + "._@-): " + (p[0].length() > 64 ? p[0].substring(0, 64) : p[0]));
      }
      Role role;
      try {
        role = Role.valueOf(p[1].toUpperCase());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(VARIABLE + ": user " + p[0] + " has role '" + p[1]
            + "'; roles: viewer, operator");
      }
      String problem = PasswordHash.problem(p[2]);
      if (problem != null) {
        throw new IllegalArgumentException(VARIABLE + ": the hash of user " + p[0] + " is " + problem);
      }
      if (accounts.put(p[0], new Account(new User(p[0], role), p[2])) != null) {
        throw new IllegalArgumentException(VARIABLE + ": user " + p[0] + " is given twice");
      }
    }
    return new CockpitUsers(accounts, clock);
  }

  public int size() {
    return accounts.size();
  }

  /** Failed sign-ins of one name from one address within {@link #FAILURE_WINDOW} that lock them out. */
  public static final int MAX_FAILURES = 5;
  public static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

  /** Per name and address: the times of the failed sign-ins within the window. */
  private final Map<String, java.util.ArrayDeque<Long>> failures = new ConcurrentHashMap<>();

  /** A new session's token if the name and password match, else null. */
  public String signIn(String name, char[] password) {
    return signIn(name, password, "");
  }

  /**
   * As {@link #signIn(String, char[])}, from {@code address}: after {@link #MAX_FAILURES} failures of the
   * name from the address within {@link #FAILURE_WINDOW}, refused without looking at the password until the
   * oldest of them is older than the window (see {@link #lockedForMs}); the other addresses and names are not
   * affected, so nobody can lock an operator out from elsewhere.
   */
  public String signIn(String name, char[] password, String address) {
    String key = name + "|" + address;
    if (lockedForMs(name, address) > 0) {
      return null;
    }
    Account account = name == null ? null : accounts.get(name);
    boolean ok = PasswordHash.matches(password, account == null ? DUMMY : account.hash()) && account != null;
    if (!ok) {
      java.util.ArrayDeque<Long> t = failures.computeIfAbsent(key, k -> new java.util.ArrayDeque<>());
      synchronized (t) {
        t.addLast(clock.getAsLong());
        while (t.size() > MAX_FAILURES) {
          t.removeFirst();
        }
      }
      return null;
    }
    failures.remove(key);
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    sessions.put(token, new Session(account.user(), clock.getAsLong()));
    return token;
  }

  /** How long the name stays locked out from the address (0: not locked). */
  public long lockedForMs(String name, String address) {
    java.util.ArrayDeque<Long> t = failures.get(name + "|" + address);
    if (t == null) {
      return 0;
    }
    synchronized (t) {
      if (t.size() < MAX_FAILURES) {
        return 0;
      }
      return Math.max(0, t.peekFirst() + FAILURE_WINDOW.toMillis() - clock.getAsLong());
    }
  }

  /** The user of a live session, its idle time restarted; null for no, an unknown or an expired token. */
  public User session(String token) {
    if (token == null) {
      return null;
    }
    long now = clock.getAsLong();
    Session s = sessions.get(token);
    if (s == null) {
      return null;
    }
    if (now - s.lastSeenMs() > SESSION_IDLE.toMillis()) {
      sessions.remove(token);
      return null;
    }
    sessions.put(token, new Session(s.user(), now));
    return s.user();
  }

  public void signOut(String token) {
    if (token != null) {
      sessions.remove(token);
    }
  }
}
