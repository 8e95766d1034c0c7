package com.licensemanager.platform.kafka;

import com.licensemanager.platform.messaging.InboundMessage;

/**
 * A {@link MessageHandler} whose messages are requests that someone waits on: when one of them decoded but kept
 * failing for its own sake and was dead-lettered, the handler still answers it (a rejection naming what support
 * needs), so that nobody waits for ever. {@link DeadLetterAnswers} calls it once per message id, in a transaction
 * that records the message in the inbox, so a replay of the same record neither fails nor answers again.
 */
public interface DeadLetterAnswering<T> {

    void answerDeadLettered(InboundMessage<T> message, OutgoingEvents events);
}
