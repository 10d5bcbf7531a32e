package fr.goodair.ingestion.source;

import fr.goodair.ingestion.config.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Removes secrets from everything an envelope records: by query parameter name ({@code token}, {@code appid}…)
 * and by value anywhere in a text, in its raw and URL-encoded forms (OkHttp exception messages can quote the
 * URL, where the key appears encoded).
 */
public final class Redactor {

  /** Query parameters that carry credentials in the APIs we call. */
  public static final Set<String> SECRET_PARAMETERS = Set.of("token", "appid", "apikey", "api_key", "key");

  private final List<Secret> secrets;

  public Redactor(List<Secret> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  public static Redactor of(Secret... secrets) {
    return new Redactor(List.of(secrets));
  }

  /** {@code text} with every secret value replaced by {@link Secret#REDACTED} (null-safe). */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (Secret secret : secrets) {
      result = secret.redactIn(result);
      for (String encoded : encodedForms(secret.reveal())) {
        result = result.replace(encoded, Secret.REDACTED);
      }
    }
    return result;
  }

  /** The ways a value can be spelled inside a URL (form encoding, percent encoding, OkHttp's own encodings). */
  private static Set<String> encodedForms(String raw) {
    String formEncoded = URLEncoder.encode(raw, StandardCharsets.UTF_8);
    HttpUrl probe = new HttpUrl.Builder().scheme("http").host("localhost")
        .addPathSegment(raw).addQueryParameter("k", raw).build();
    // several forms coincide for plain keys: a set without duplicates
    return new LinkedHashSet<>(List.of(formEncoded, formEncoded.replace("+", "%20"),
        probe.encodedPathSegments().get(0), probe.encodedQuery().substring("k=".length())));
  }

  /** The URL with secret parameters (by name) and secret values (anywhere) redacted; parameter order kept. */
  public String redact(HttpUrl url) {
    HttpUrl.Builder builder = url.newBuilder().query(null);
    for (int i = 0; i < url.querySize(); i++) {
      String name = url.queryParameterName(i);
      String value = url.queryParameterValue(i);
      builder.addQueryParameter(name, isSecretParameter(name) ? Secret.REDACTED : value);
    }
    return redact(builder.build().toString());
  }

  /** The URL's query parameters, in order, with secrets redacted. */
  public Map<String, String> redactedParameters(HttpUrl url) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < url.querySize(); i++) {
      String name = url.queryParameterName(i);
      String value = url.queryParameterValue(i);
      params.put(name, isSecretParameter(name) ? Secret.REDACTED : redact(value));
    }
    return params;
  }

  private static boolean isSecretParameter(String name) {
    return SECRET_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
  }
}
