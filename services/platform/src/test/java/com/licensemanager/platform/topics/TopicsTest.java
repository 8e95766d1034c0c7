package com.licensemanager.platform.topics;

import com.licensemanager.schemas.contract.ContractTopic;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void theServiceDeclaresExactlyTheTopicsOfTheContractEachInItsDirection() {
        // ContractTopic carries the compatibility rules the gate and the registry enforce; a topic declared here but
        // missing there would be published without any rule.
        assertThat(Topics.INBOUND).containsExactlyInAnyOrderElementsOf(topics(ContractTopic.Direction.CONSUMED));
        assertThat(Topics.OUTBOUND).containsExactlyInAnyOrderElementsOf(topics(ContractTopic.Direction.PUBLISHED));
    }

    private static java.util.Set<String> topics(ContractTopic.Direction direction) {
        return Arrays.stream(ContractTopic.values()).filter(topic -> topic.direction() == direction)
                .map(ContractTopic::topic).collect(Collectors.toSet());
    }
}
