/**
 * Osprey's Jakarta Messaging 3.1 provider: {@code jakarta.jms} on top of the broker's JMS request codes. The broker
 * enforces the JMS semantics (dispatch, acknowledgement, selectors, transactions); this side keeps sessions, threads
 * of delivery and the message objects.
 */
package io.osprey.mq.jms;
