/** JSON request and response bodies, shaped as the stock RocketMQ client reads and writes them. */
package io.osprey.mq.protocol.body;
