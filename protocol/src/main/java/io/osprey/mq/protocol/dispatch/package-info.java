/**
 * The wire of broker-managed dispatch, Osprey's own request codes (7001–7015, see
 * {@link io.osprey.mq.protocol.command.RequestCode}) that the JMS provider speaks beside RocketMQ's send.
 *
 * <p>A JMS connection opens a session on every master it uses ({@code JMS_CONNECT}), then opens consumers on
 * subscriptions ({@code JMS_OPEN_CONSUMER}) and fetches messages for them ({@code JMS_FETCH}, held like a pull until
 * one arrives). The broker hands each message of a subscription to one consumer, remembers it as delivered but
 * unacknowledged, and takes it back ({@code JMS_ACK}) or returns it to the subscription ({@code JMS_RETURN}, a
 * consumer's close, the connection's end) with its delivery count raised. A message is named by its
 * {@link DeliveryTag}: subscription, queue and queue offset.
 */
package io.osprey.mq.protocol.dispatch;
