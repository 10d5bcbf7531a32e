/**
 * The API simulator: a local HTTP server standing in for AQICN/WAQI and OpenWeatherMap (current weather and Air
 * Pollution), answering in their exact formats with realistic, deterministic data.
 *
 * <ul>
 *   <li>{@link fr.goodair.ingestion.simulator.ApiSimulator} — the server, its {@link
 *       fr.goodair.ingestion.simulator.SimulatedClock}, {@link fr.goodair.ingestion.simulator.FaultPlan} and
 *       {@link fr.goodair.ingestion.simulator.SimulatorConfig};
 *   <li>pure models, no HTTP: {@link fr.goodair.ingestion.simulator.CityWeatherModel},
 *       {@link fr.goodair.ingestion.simulator.AirQualityModel}, {@link fr.goodair.ingestion.simulator.AqiBreakpoints};
 *   <li>responders turning model values into API bodies: {@code AqicnFeedResponder}, {@code OwmResponder};
 *   <li>{@link fr.goodair.ingestion.simulator.SimulatorProfileBuilder} — the offline tool that derives the committed
 *       {@code simulator/profiles.json} from the real series in {@code shared/realdata}.
 * </ul>
 *
 * <p>Determinism: every value is a function of (seed, city, simulated time) only; noise comes from hashing, never
 * from a sequential random generator, so hours can be asked in any order.
 */
package fr.goodair.ingestion.simulator;
