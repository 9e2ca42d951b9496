package org.tokensuite.command.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.tokensuite.command.deadline.BatchedDeadlines;

import javax.sql.DataSource;
import java.util.List;

/**
 * The db-scheduler instance behind Axon's persistent deadline manager, and that manager:
 * {@link BatchedDeadlines}, which stores a command's deadlines in one batched INSERT (it replaces the
 * one Axon's auto-configuration would build). Schedules are written through a transaction-aware
 * DataSource, so a deadline is stored in the same transaction as the events of the command that set it.
 *
 * <p>Several instances may share the table: db-scheduler picks each due deadline with an optimistic
 * update, so exactly one instance runs it. Each instance needs a name of its own (db-scheduler's
 * default, the host name, is the same for two instances on one host, and its logs and
 * {@code picked_by} could not tell them apart).
 */
@Configuration(proxyBeanMethods = false)
public class DeadlineSchedulerConfig {

    private static final Logger log = LoggerFactory.getLogger(DeadlineSchedulerConfig.class);

    @Bean(destroyMethod = "")
    public Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks, DeadlineSchedulerProperties properties,
                                       @Value("${server.port:8081}") int port) {
        String name = schedulerName(properties.schedulerName(), port);
        log.info("deadline scheduler '{}' polls scheduled_tasks every {}", name, properties.pollingInterval());
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .tableName("scheduled_tasks")
                .schedulerName(new SchedulerName.Fixed(name))
                .pollingInterval(properties.pollingInterval())
                .threads(properties.threads())
                .shutdownMaxWait(properties.shutdownMaxWait())
                .build();
    }

    @Bean
    public DbSchedulerDeadlineManager deadlineManager(Scheduler deadlineScheduler, org.axonframework.config.Configuration axon,
                                                     Serializer serializer, TransactionManager transactionManager,
                                                     DeadlineManagerSpanFactory spanFactory) {
        return new BatchedDeadlines(deadlineScheduler, new ConfigurationScopeAwareProvider(axon), serializer,
                transactionManager, spanFactory);
    }

    /** Starts polling after Axon has started (so deadlines find their aggregates), stops it before Axon stops. */
    @Bean
    public SmartLifecycle deadlineSchedulerLifecycle(Scheduler deadlineScheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                deadlineScheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                deadlineScheduler.stop();
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE;
            }
        };
    }

    /** The configured name, else {@code <host name>:<HTTP port>}. */
    static String schedulerName(String configured, int port) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return new SchedulerName.Hostname().getName() + ":" + port;
    }
}
