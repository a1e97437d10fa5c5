/**
 * Osprey's wire format: Apache RocketMQ's remoting protocol.
 *
 * <pre>
 * frame    = length:int32 | serializeType:int8 headerLength:int24 | header | body
 *            length = 4 + headerLength + bodyLength (it excludes itself)
 * header   = JSON object (serializeType 0) or compact binary (serializeType 1)
 * </pre>
 *
 * <ul>
 *   <li>{@code command}: {@link io.osprey.mq.protocol.command.RemotingCommand}, request and response codes.</li>
 *   <li>{@code frame}: the Netty codec that turns bytes into commands and back.</li>
 *   <li>{@code header}: typed records for the custom header ({@code extFields}) of each request.</li>
 *   <li>{@code message}: the stored/pulled message record, properties, message ids, batch bodies.</li>
 *   <li>{@code transport}: the Netty client and server shared by broker, NameServer and the JMS provider.</li>
 * </ul>
 */
package io.osprey.mq.protocol;
