package fr.goodair.retention;

import java.time.Instant;

/**
 * One thing the retention would remove or rewrite. The dry run prints these; the real run carries out exactly the
 * actions it planned, and nothing else.
 *
 * @param zone {@code bronze}, {@code silver}, {@code gold}, {@code quality}, {@code reports} or {@code audit}
 * @param action what is done, e.g. {@code archive}, {@code delete objects}, {@code delete rows}, {@code vacuum}
 * @param target what it is done to: an object prefix or key, a table name, a file
 * @param before what is older than this instant goes (null when the action has no cutoff, e.g. a VACUUM)
 * @param detail for people: how many objects, rows or bytes, and why
 */
public record RetentionAction(String zone, String action, String target, Instant before, String detail) {}
