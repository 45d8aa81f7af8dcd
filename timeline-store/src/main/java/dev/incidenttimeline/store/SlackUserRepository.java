package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.SlackUser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Cached profiles of workspace members, for rendering names. */
@RegisterRowMapper(SlackUserRepository.Mapper.class)
public interface SlackUserRepository {

    /** Rows to profiles (the record has two constructors, so it is mapped by hand). */
    final class Mapper implements RowMapper<SlackUser> {
        @Override
        public SlackUser map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new SlackUser(rs.getString("team_id"), rs.getString("id"), rs.getString("display_name"),
                    rs.getString("real_name"), rs.getString("tz"), rs.getBoolean("is_bot"), rs.getString("email"),
                    rs.getBoolean("is_deleted"), rs.getString("app_name"));
        }
    }

    @SqlUpdate("""
            INSERT INTO slack_users (team_id, user_id, display_name, real_name, tz, is_bot, email, is_deleted,
                                     app_name, updated_at)
            VALUES (:u.teamId, :u.id, :u.displayName, :u.realName, :u.tz, :u.isBot, :u.email, :u.isDeleted,
                    :u.appName, now())
            ON CONFLICT (team_id, user_id) DO UPDATE SET
                display_name = EXCLUDED.display_name, real_name = EXCLUDED.real_name, tz = EXCLUDED.tz,
                is_bot = EXCLUDED.is_bot, email = COALESCE(EXCLUDED.email, slack_users.email),
                is_deleted = EXCLUDED.is_deleted, app_name = COALESCE(EXCLUDED.app_name, slack_users.app_name),
                updated_at = now()
            """)
    void upsert(@BindMethods("u") SlackUser u);

    /**
     * Records a member whose profile could not be read (deleted, or not visible), keeping
     * whatever names are already known: the id is shown until a profile arrives.
     */
    @SqlUpdate("""
            INSERT INTO slack_users (team_id, user_id, is_deleted, updated_at)
            VALUES (:teamId, :userId, :deleted, now())
            ON CONFLICT (team_id, user_id) DO UPDATE SET is_deleted = EXCLUDED.is_deleted, updated_at = now()
            """)
    void markUnreadable(String teamId, String userId, boolean deleted);

    @SqlQuery("""
            SELECT team_id, user_id AS id, display_name, real_name, tz, is_bot, email, is_deleted, app_name FROM slack_users
            WHERE team_id = :teamId AND user_id = :userId
            """)
    Optional<SlackUser> find(String teamId, String userId);

    @SqlQuery("""
            SELECT team_id, user_id AS id, display_name, real_name, tz, is_bot, email, is_deleted, app_name FROM slack_users
            WHERE team_id = :teamId ORDER BY user_id
            """)
    List<SlackUser> list(String teamId);

    default Map<String, SlackUser> byId(String teamId) {
        return list(teamId).stream().collect(Collectors.toMap(SlackUser::id, Function.identity()));
    }
}
