/**
 * JNDI for Osprey's provider: {@link io.osprey.mq.jms.jndi.OspreyInitialContextFactory} builds a read-only context of
 * connection factories, queues and topics from the JNDI environment ({@code jndi.properties}), so that portable code
 * and conformance suites find them with a plain {@code new InitialContext()}.
 */
package io.osprey.mq.jms.jndi;
