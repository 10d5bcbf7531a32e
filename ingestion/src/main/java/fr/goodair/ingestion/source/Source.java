package fr.goodair.ingestion.source;

/**
 * The three raw sources captured every hour. The {@link #id()} is the value of the {@code source=} bronze
 * partition and of the envelope's {@code source} field: part of the bronze contract, never rename it.
 */
public enum Source {
  AQICN("aqicn"),
  OWM_WEATHER("owm_weather"),
  OWM_AIR("owm_air");

  private final String id;

  Source(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Source fromId(String id) {
    for (Source source : values()) {
      if (source.id.equals(id)) {
        return source;
      }
    }
    throw new IllegalArgumentException("unknown source '" + id + "' (expected aqicn, owm_weather or owm_air)");
  }
}
