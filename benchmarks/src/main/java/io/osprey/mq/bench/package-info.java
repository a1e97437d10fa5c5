/**
 * The macro load tool ({@link io.osprey.mq.bench.LoadTool}): producers and push consumers on the stock Apache
 * RocketMQ 5.3 client against any RocketMQ-compatible NameServer, measuring throughput and end-to-end latency
 * the way a user's application sees them.
 *
 * <pre>
 *   producers (one client instance each)          push consumers (one group, CLUSTERING, one instance each)
 *   loop: msg.benchTs = nanoTime(); send() ──▶ broker ──▶ listener: e2e = nanoTime() - benchTs ─▶ histogram
 *         send latency ─▶ histogram
 *   |── warm-up (not measured) ──|── measured: duration or count ──|── drain: consumers catch up ──|
 * </pre>
 *
 * Producers and consumers share one JVM, so {@code System.nanoTime()} is a valid clock for both ends.
 */
package io.osprey.mq.bench;
