package io.apilogs.query.persistence.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;

/** A workspace's own price for a model, from a date and an input-size tier on. */
@Entity
@Table(name = "workspace_prices")
@IdClass(WorkspacePriceEntity.Key.class)
public class WorkspacePriceEntity extends PanacheEntityBase {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;

    @Id
    public String model;

    @Id
    @Column(name = "effective_from")
    public OffsetDateTime effectiveFrom;

    @Id
    @Column(name = "min_input_tokens")
    public long minInputTokens;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public String[] aliases;

    @Column(name = "input_per_mtok", nullable = false)
    public BigDecimal inputPerMTok;

    @Column(name = "output_per_mtok", nullable = false)
    public BigDecimal outputPerMTok;

    @Column(name = "cache_read_per_mtok")
    public BigDecimal cacheReadPerMTok;

    @Column(name = "cache_write_per_mtok")
    public BigDecimal cacheWritePerMTok;

    @Column(name = "cache_write_1h_per_mtok")
    public BigDecimal cacheWrite1hPerMTok;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** The composite primary key. */
    public static class Key implements Serializable {
        public String workspaceId;
        public String model;
        public OffsetDateTime effectiveFrom;
        public long minInputTokens;

        public Key() {
        }

        public Key(String workspaceId, String model, OffsetDateTime effectiveFrom, long minInputTokens) {
            this.workspaceId = workspaceId;
            this.model = model;
            this.effectiveFrom = effectiveFrom;
            this.minInputTokens = minInputTokens;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && minInputTokens == k.minInputTokens && Objects.equals(workspaceId, k.workspaceId)
                    && Objects.equals(model, k.model) && Objects.equals(effectiveFrom, k.effectiveFrom);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, model, effectiveFrom, minInputTokens);
        }
    }
}
