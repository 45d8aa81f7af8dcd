package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.SlackUser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Cached profiles of workspace members, for rendering names. */
@RegisterConstructorMapper(SlackUser.class)
public interface SlackUserRepository {

    @SqlUpdate("""
            INSERT INTO slack_users (team_id, user_id, display_name, real_name, tz, is_bot, updated_at)
            VALUES (:u.teamId, :u.id, :u.displayName, :u.realName, :u.tz, :u.isBot, now())
            ON CONFLICT (team_id, user_id) DO UPDATE SET
                display_name = EXCLUDED.display_name, real_name = EXCLUDED.real_name, tz = EXCLUDED.tz,
                is_bot = EXCLUDED.is_bot, updated_at = now()
            """)
    void upsert(@BindMethods("u") SlackUser u);

    @SqlQuery("""
            SELECT team_id, user_id AS id, display_name, real_name, tz, is_bot FROM slack_users
            WHERE team_id = :teamId AND user_id = :userId
            """)
    Optional<SlackUser> find(String teamId, String userId);

    @SqlQuery("""
            SELECT team_id, user_id AS id, display_name, real_name, tz, is_bot FROM slack_users
            WHERE team_id = :teamId ORDER BY user_id
            """)
    List<SlackUser> list(String teamId);

    default Map<String, SlackUser> byId(String teamId) {
        return list(teamId).stream().collect(Collectors.toMap(SlackUser::id, Function.identity()));
    }
}
