package org.vigie.alert.domain.regulatory;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who receives reports in each jurisdiction.
 *
 * <p>The default table names, for each EU member state, the national competent authority for medical devices
 * (MDR Art. 101), which is also the AI Act market-surveillance authority for AI systems that are MDR/IVDR
 * devices (AI Act Art. 74(3)), and the FDA for the United States. Member states designate authorities and
 * sometimes reorganise them; the table is a default that configuration overrides per country
 * ({@link #withVigilanceAuthority}). AI Act Art. 73(10) reports go to "the national competent authority chosen
 * for that purpose by the Member State"; until a state names one ({@link #withFundamentalRightsAuthority}),
 * they go to the ethics channel of the vigilance authority.
 *
 * <p>EEA states (IS, LI, NO), Switzerland and the United Kingdom are not mapped: MDR reaches the EEA through the
 * EEA Agreement but the AI Act's incorporation is pending, and CH and GB have their own regimes. An unmapped
 * jurisdiction is reported back, never silently dropped.
 */
public final class CompetentAuthorities {

    public static final Set<String> EU_MEMBER_STATES = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
            "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    public static final String UNITED_STATES = "US";

    private final Map<String, RecipientAuthority> vigilance;
    private final Map<String, RecipientAuthority> fundamentalRights;

    public CompetentAuthorities(Map<String, RecipientAuthority> vigilance,
                                Map<String, RecipientAuthority> fundamentalRights) {
        this.vigilance = Map.copyOf(vigilance);
        this.fundamentalRights = Map.copyOf(fundamentalRights);
    }

    public static CompetentAuthorities defaults() {
        Map<String, RecipientAuthority> table = new HashMap<>();
        add(table, "AT", "BASG", "Bundesamt für Sicherheit im Gesundheitswesen", "Europe/Vienna");
        add(table, "BE", "FAMHP", "Federal Agency for Medicines and Health Products", "Europe/Brussels");
        add(table, "BG", "BDA", "Bulgarian Drug Agency", "Europe/Sofia");
        add(table, "HR", "HALMED", "Agency for Medicinal Products and Medical Devices of Croatia", "Europe/Zagreb");
        add(table, "CY", "CY-MDCA", "Medical Devices Competent Authority, Ministry of Health", "Asia/Nicosia");
        add(table, "CZ", "SUKL", "Státní ústav pro kontrolu léčiv", "Europe/Prague");
        add(table, "DK", "DKMA", "Lægemiddelstyrelsen (Danish Medicines Agency)", "Europe/Copenhagen");
        add(table, "EE", "TERVISEAMET", "Terviseamet (Health Board)", "Europe/Tallinn");
        add(table, "FI", "FIMEA", "Finnish Medicines Agency", "Europe/Helsinki");
        add(table, "FR", "ANSM", "Agence nationale de sécurité du médicament et des produits de santé",
                "Europe/Paris");
        add(table, "DE", "BfArM", "Bundesinstitut für Arzneimittel und Medizinprodukte", "Europe/Berlin");
        add(table, "GR", "EOF", "National Organization for Medicines", "Europe/Athens");
        add(table, "HU", "NNGYK", "Nemzeti Népegészségügyi és Gyógyszerészeti Központ", "Europe/Budapest");
        add(table, "IE", "HPRA", "Health Products Regulatory Authority", "Europe/Dublin");
        add(table, "IT", "MINSAL", "Ministero della Salute", "Europe/Rome");
        add(table, "LV", "ZVA", "State Agency of Medicines", "Europe/Riga");
        add(table, "LT", "VASPVT", "State Health Care Accreditation Agency", "Europe/Vilnius");
        add(table, "LU", "MS-LU", "Ministère de la Santé", "Europe/Luxembourg");
        add(table, "MT", "MMA", "Malta Medicines Authority", "Europe/Malta");
        add(table, "NL", "IGJ", "Inspectie Gezondheidszorg en Jeugd", "Europe/Amsterdam");
        add(table, "PL", "URPL", "Urząd Rejestracji Produktów Leczniczych, Wyrobów Medycznych i Produktów Biobójczych",
                "Europe/Warsaw");
        add(table, "PT", "INFARMED", "INFARMED, I.P.", "Europe/Lisbon");
        add(table, "RO", "ANMDMR", "Agenția Națională a Medicamentului și a Dispozitivelor Medicale", "Europe/Bucharest");
        add(table, "SK", "SUKL-SK", "Štátny ústav pre kontrolu liečiv", "Europe/Bratislava");
        add(table, "SI", "JAZMP", "Javna agencija za zdravila in medicinske pripomočke", "Europe/Ljubljana");
        add(table, "ES", "AEMPS", "Agencia Española de Medicamentos y Productos Sanitarios", "Europe/Madrid");
        add(table, "SE", "MPA", "Läkemedelsverket (Swedish Medical Products Agency)", "Europe/Stockholm");
        // FDA/CDRH is in Silver Spring, Maryland: its days are Eastern days.
        add(table, UNITED_STATES, "FDA", "U.S. Food and Drug Administration (CDRH)", "America/New_York");
        return new CompetentAuthorities(table, Map.of());
    }

    private static void add(Map<String, RecipientAuthority> table, String country, String code, String name,
                            String zone) {
        table.put(country, new RecipientAuthority(code, name, country, ZoneId.of(zone), ReportingChannel.VIGILANCE));
    }

    /** ISO 3166-1 alpha-2, upper case; the EU's "EL" for Greece is accepted as GR. */
    public static String normalise(String countryCode) {
        String code = countryCode.trim().toUpperCase(Locale.ROOT);
        return "EL".equals(code) ? "GR" : code;
    }

    public static boolean isEuMemberState(String countryCode) {
        return EU_MEMBER_STATES.contains(normalise(countryCode));
    }

    public Optional<RecipientAuthority> vigilance(String countryCode) {
        return Optional.ofNullable(vigilance.get(normalise(countryCode)));
    }

    public Optional<RecipientAuthority> fundamentalRights(String countryCode) {
        String code = normalise(countryCode);
        RecipientAuthority chosen = fundamentalRights.get(code);
        if (chosen != null) {
            return Optional.of(chosen.onChannel(ReportingChannel.ETHICS));
        }
        return vigilance(code).map(a -> a.onChannel(ReportingChannel.ETHICS));
    }

    public CompetentAuthorities withVigilanceAuthority(String countryCode, RecipientAuthority authority) {
        Map<String, RecipientAuthority> copy = new HashMap<>(vigilance);
        copy.put(normalise(countryCode), authority.onChannel(ReportingChannel.VIGILANCE));
        return new CompetentAuthorities(copy, fundamentalRights);
    }

    public CompetentAuthorities withFundamentalRightsAuthority(String countryCode, RecipientAuthority authority) {
        Map<String, RecipientAuthority> copy = new HashMap<>(fundamentalRights);
        copy.put(normalise(countryCode), authority.onChannel(ReportingChannel.ETHICS));
        return new CompetentAuthorities(vigilance, copy);
    }
}
