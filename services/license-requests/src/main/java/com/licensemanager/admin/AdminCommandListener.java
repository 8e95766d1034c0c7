package com.licensemanager.admin;

import com.licensemanager.platform.kafka.IdempotentBatchConsumer;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.admin.AdminCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import java.util.List;

/** Reads vendor staff's commands, keyed by the subject (group, account or unit) they concern. */
public class AdminCommandListener {

    public static final String CONSUMER = "admin-commands";

    private final IdempotentBatchConsumer<AdminCommand> commands;

    public AdminCommandListener(IdempotentBatchConsumer<AdminCommand> commands) {
        this.commands = commands;
    }

    @KafkaListener(id = CONSUMER, groupId = "${licensing.admin.group-id:license-manager.admin-commands}",
            topics = Topics.ADMIN_COMMANDS, batch = "true")
    void onAdminCommands(List<ConsumerRecord<String, Object>> records) {
        commands.accept(records);
    }
}
