package org.vigie.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated fleet: the catalogue's devices, 200 establishments across the 13 metropolitan regions (sites
 * per region by population, every region at least two), and which sites use which device, with how much of the
 * device's case load each site carries. Deterministic for a seed.
 */
public final class Fleet {

    public static final int SITE_COUNT = 200;

    /** How many establishments of each kind the 200 are (a CHU in every region, more general hospitals). */
    private static final Map<SiteType, Integer> SITE_MIX = new EnumMap<>(Map.of(
            SiteType.CHU, 20, SiteType.CH, 60, SiteType.CLINIC, 50, SiteType.CANCER_CENTRE, 12,
            SiteType.IMAGING_CENTRE, 33, SiteType.PRIMARY_CARE, 25));

    private final long seed;
    private final List<Site> sites;
    private final List<DeviceProfile> devices;
    private final Map<String, Deployment> deployments;

    /** Where a device is used: its sites and each one's share of the device's cases. */
    public record Deployment(DeviceProfile device, List<Site> sites, double[] shares) {

        private double[] cumulative() {
            return Draws.cumulative(shares);
        }

        /** The site carrying the largest share of the device's cases. */
        public Site busiestSite() {
            int best = 0;
            for (int i = 1; i < shares.length; i++) {
                if (shares[i] > shares[best]) {
                    best = i;
                }
            }
            return sites.get(best);
        }

        public double share(Site site) {
            int i = sites.indexOf(site);
            return i < 0 ? 0 : shares[i];
        }
    }

    private final Map<String, double[]> cumulativeShares = new java.util.HashMap<>();

    private Fleet(long seed, List<Site> sites, List<DeviceProfile> devices, Map<String, Deployment> deployments) {
        this.seed = seed;
        this.sites = sites;
        this.devices = devices;
        this.deployments = deployments;
        deployments.forEach((id, d) -> cumulativeShares.put(id, d.cumulative()));
    }

    public static Fleet create(long seed) {
        List<Site> sites = sites(Draws.stream(seed, 1));
        List<DeviceProfile> devices = DeviceCatalogue.devices();
        Map<String, Deployment> deployments = new java.util.LinkedHashMap<>();
        for (int d = 0; d < devices.size(); d++) {
            DeviceProfile device = devices.get(d);
            deployments.put(device.deviceId(), deploy(device, sites, Draws.stream(seed, 2, d)));
        }
        return new Fleet(seed, List.copyOf(sites), devices, deployments);
    }

    private static List<Site> sites(SplittableRandom random) {
        Region[] regions = Region.values();
        int[] perRegion = sitesPerRegion(regions);
        // Kinds are dealt out so that each region first gets its CHU, then the rest follow the mix at random.
        List<SiteType> kinds = new ArrayList<>();
        SITE_MIX.forEach((type, n) -> {
            for (int i = 0; i < n - (type == SiteType.CHU ? regions.length : 0); i++) {
                kinds.add(type);
            }
        });
        shuffle(kinds, random);
        List<Site> sites = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int next = 0;
        for (int r = 0; r < regions.length; r++) {
            for (int i = 0; i < perRegion[r]; i++) {
                SiteType type = i == 0 ? SiteType.CHU : kinds.get(next++);
                Region region = regions[r];
                String finess;
                do {
                    String departement = region.departements().get(random.nextInt(region.departements().size()));
                    // FINESS: département, then 7 digits (category digit 0 for establishments, then a serial and key).
                    finess = departement + "0" + String.format("%06d", random.nextInt(1_000_000));
                } while (!used.add(finess));
                double activity = type.activity() * Draws.logNormal(random, 1.0, 0.35);
                sites.add(new Site(finess, type, region, activity));
            }
        }
        return sites;
    }

    /** Sites per region proportional to population (largest remainders), at least two each. */
    static int[] sitesPerRegion(Region[] regions) {
        int total = 0;
        for (Region r : regions) {
            total += r.populationThousands();
        }
        int[] counts = new int[regions.length];
        double[] remainders = new double[regions.length];
        int assigned = 0;
        int minimum = 2;
        int free = SITE_COUNT - minimum * regions.length;
        for (int i = 0; i < regions.length; i++) {
            double exact = (double) free * regions[i].populationThousands() / total;
            counts[i] = minimum + (int) Math.floor(exact);
            remainders[i] = exact - Math.floor(exact);
            assigned += counts[i];
        }
        Integer[] order = new Integer[regions.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -remainders[i]));
        for (int k = 0; assigned < SITE_COUNT; k++, assigned++) {
            counts[order[k]]++;
        }
        return counts;
    }

    private static Deployment deploy(DeviceProfile device, List<Site> sites, SplittableRandom random) {
        List<Site> eligible = new ArrayList<>(sites.stream().filter(s -> device.siteTypes().contains(s.type())).toList());
        // Bigger establishments adopt first: draw without replacement with probability ~ activity.
        List<Site> chosen = new ArrayList<>();
        while (chosen.size() < device.siteCount() && !eligible.isEmpty()) {
            double[] weights = eligible.stream().mapToDouble(Site::activity).toArray();
            chosen.add(eligible.remove(Draws.pick(random, Draws.cumulative(weights))));
        }
        double[] shares = new double[chosen.size()];
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            shares[i] = chosen.get(i).activity() * Draws.logNormal(random, 1.0, 0.3);
            sum += shares[i];
        }
        for (int i = 0; i < shares.length; i++) {
            shares[i] /= sum;
        }
        return new Deployment(device, List.copyOf(chosen), shares);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            java.util.Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    /** A site of this device, drawn by its share of the device's cases. */
    Site drawSite(String deviceId, SplittableRandom random) {
        Deployment deployment = deployments.get(deviceId);
        return deployment.sites().get(Draws.pick(random, cumulativeShares.get(deviceId)));
    }

    public long seed() {
        return seed;
    }

    public List<Site> sites() {
        return sites;
    }

    public List<DeviceProfile> devices() {
        return devices;
    }

    public DeviceProfile device(String deviceId) {
        return deployment(deviceId).device();
    }

    public Deployment deployment(String deviceId) {
        Deployment d = deployments.get(deviceId);
        if (d == null) {
            throw new IllegalArgumentException("no device " + deviceId + " in the fleet");
        }
        return d;
    }

    public List<String> manufacturers() {
        return DeviceCatalogue.manufacturers();
    }
}
