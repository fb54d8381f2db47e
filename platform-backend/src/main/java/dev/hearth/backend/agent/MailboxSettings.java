package dev.hearth.backend.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long messages for agents wait ({@code hearth.mailbox.*}; AgentMailbox). */
@ConfigMapping(prefix = "hearth.mailbox")
public interface MailboxSettings {

    /** A message not taken by its host's agent within this long is dropped. */
    @WithDefault("10m")
    Duration expireAfter();

    /** How often expired messages are deleted (read by AgentMailbox's @Scheduled; "off" in tests). */
    @WithDefault("1m")
    String expireEvery();
}
