package fr.goodair.quality.alert;

import fr.goodair.quality.Level;

/**
 * Something wrong right now, as one evaluation sees it. The alert manager turns conditions into episodes: the
 * first evaluation that reports a key opens an episode (one notification), later ones only keep it open, and the
 * first evaluation of the same kind without the key closes it (one recovery notification).
 *
 * @param key stable identity of the problem, e.g. {@code freshness/paris/owm_air} or {@code job/silver}
 * @param kind family of the problem: {@code quality}, {@code freshness}, {@code error_rate}, {@code job_failure}
 * @param summary one line for a subject line or a chat message
 * @param detail a few lines for the body (counts, thresholds, what to do)
 */
public record AlertCondition(String key, String kind, Level severity, String summary, String detail) {}
