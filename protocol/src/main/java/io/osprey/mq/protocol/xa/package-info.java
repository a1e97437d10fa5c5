/**
 * The wire of XA transactions (request codes {@code XA_START} 7023 to {@code XA_RECOVER} 7029, outcomes
 * {@code ResponseCode.XA_*} 7010 to 7016, see {@link io.osprey.mq.protocol.command.RequestCode}).
 *
 * <p>A branch, named by its {@link io.osprey.mq.protocol.xa.XaBranchId}, lives on one broker. A connection starts,
 * joins or resumes it ({@code XA_START}), and hands it what it did when the association ends ({@code XA_END}, the
 * sends and consumed delivery tags as a {@link io.osprey.mq.protocol.dispatch.TransactionWork}): the broker holds
 * that work, the sends unstored and the consumed messages locked, until the branch completes. {@code XA_PREPARE}
 * makes the branch's state durable; {@code XA_COMMIT} (one- or two-phase) and {@code XA_ROLLBACK} complete it, from
 * any connection; {@code XA_RECOVER} lists the prepared branches.
 */
package io.osprey.mq.protocol.xa;
