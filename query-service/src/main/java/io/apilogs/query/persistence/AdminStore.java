package io.apilogs.query.persistence;

import io.apilogs.model.cost.Price;
import io.apilogs.query.persistence.entity.ApiKeyEntity;
import io.apilogs.query.persistence.entity.WorkspaceEntity;
import io.apilogs.query.persistence.entity.WorkspacePriceEntity;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The administration tables (workspaces, API keys, workspace prices) on Hibernate Reactive Panache, each write in one
 * transaction. The writer and the read queries stay on the reactive PG client.
 */
@ApplicationScoped
public class AdminStore {
    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    @WithTransaction
    public Uni<WorkspaceEntity> createWorkspace(String id, String name) {
        WorkspaceEntity workspace = new WorkspaceEntity();
        workspace.id = id;
        workspace.name = name;
        workspace.createdAt = now();
        return workspace.<WorkspaceEntity>persist();
    }

    /** Null when the workspace does not exist. */
    @WithTransaction
    public Uni<ApiKeyEntity> createKey(String workspaceId, ApiKeyEntity key) {
        return WorkspaceEntity.<WorkspaceEntity>findById(workspaceId).chain(workspace -> {
            if (workspace == null) {
                return Uni.createFrom().nullItem();
            }
            key.workspaceId = workspace.id;
            key.createdAt = now();
            return key.<ApiKeyEntity>persist();
        });
    }

    /** Null when the workspace does not exist. */
    @WithSession
    public Uni<List<ApiKeyEntity>> listKeys(String workspaceId) {
        return WorkspaceEntity.<WorkspaceEntity>findById(workspaceId)
                .chain(workspace -> workspace == null ? Uni.createFrom().nullItem() : ApiKeyEntity.ofWorkspace(workspaceId));
    }

    /** False when no such key exists; revoking twice keeps the first revocation time. */
    @WithTransaction
    public Uni<Boolean> revokeKey(String keyId) {
        return ApiKeyEntity.<ApiKeyEntity>findById(keyId).map(key -> {
            if (key == null) {
                return false;
            }
            if (key.revokedAt == null) {
                key.revokedAt = now();
            }
            return true;
        });
    }

    /** Inserts or replaces the workspace's price for the model, date and tier of {@code price}. */
    @WithTransaction
    public Uni<Void> putPrice(String workspaceId, Price price) {
        OffsetDateTime from = price.effectiveFrom().atOffset(ZoneOffset.UTC);
        var key = new WorkspacePriceEntity.Key(workspaceId, price.model(), from, price.minInputTokens());
        return WorkspacePriceEntity.<WorkspacePriceEntity>findById(key).chain(existing -> {
            WorkspacePriceEntity row = existing;
            if (row == null) {
                row = new WorkspacePriceEntity();
                row.workspaceId = workspaceId;
                row.model = price.model();
                row.effectiveFrom = from;
                row.minInputTokens = price.minInputTokens();
            }
            row.aliases = price.aliases().toArray(String[]::new);
            row.inputPerMTok = price.inputPerMTok();
            row.outputPerMTok = price.outputPerMTok();
            row.cacheReadPerMTok = price.cacheReadPerMTok();
            row.cacheWritePerMTok = price.cacheWritePerMTok();
            row.cacheWrite1hPerMTok = price.cacheWrite1hPerMTok();
            row.updatedAt = now();
            return existing != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
        });
    }
}
