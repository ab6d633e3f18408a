package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A registered device as the alert service needs it: owner, markets, product regulation, identifiers. */
@Entity
@Table(name = "device")
public class DeviceRecord extends PanacheEntityBase {
    @Id
    public String deviceId;
    public String manufacturerId;
    public String udiDi;
    public String basicUdiDi;
    public String deviceName;
    public String modelVersion;
    public String regulation;
    public String jurisdictions;
    public Instant updatedAt;

    public List<String> jurisdictionList() {
        return DelimitedList.read(jurisdictions);
    }
}
