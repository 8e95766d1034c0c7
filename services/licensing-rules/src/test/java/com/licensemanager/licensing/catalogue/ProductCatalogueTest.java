package com.licensemanager.licensing.catalogue;

import com.licensemanager.licensing.code.CountLicense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProductCatalogueTest {

    private static final String HEADER = "model,ab_ports,bri_interfaces,pri_interfaces,pbx_max_registrations,"
            + "dsp_channels,dect_multicell_master,gatekeeper_max,operators_max,softphones_max,assumed,description";
    private static final String PREAMBLE = "@format license-manager-products/1\n@version t-1\n@license-sizes 15;30\n";

    @Test
    void defaultCatalogueLoadsFromItsResourceWithAVersion() {
        ProductCatalogue catalogue = ProductCatalogue.loadDefault();
        assertThat(catalogue.version()).isEqualTo("products-v1");
        assertThat(catalogue.models()).extracting(ProductModel::name).containsExactly(
                "IP0010", "IP22", "IP24", "IP28", "IP302", "IP305", "IP311", "IP800", "IP810", "IP811", "IP1200",
                "IP6000", "IP6010");
        assertThat(catalogue.licenseSizes()).startsWith(15, 30).isSorted();
        assertThat(catalogue.licenseSizesAssumed()).isTrue();
        assertThat(ProductCatalogue.loadDefault()).isSameAs(catalogue);
    }

    @Test
    void onlyTheIp1200IsAMulticellMaster() {
        assertThat(ProductCatalogue.loadDefault().models()).filteredOn(ProductModel::dectMulticellMaster)
                .extracting(ProductModel::name).containsExactly("IP1200");
        assertThat(ProductCatalogue.loadDefault().require("IP1200").isAssumed(ProductAttribute.DECT_MULTICELL_MASTER))
                .isFalse();
    }

    @Test
    void shippedValuesAreConsistent() {
        for (ProductModel model : ProductCatalogue.loadDefault().models()) {
            assertThat(model.pbxMaxRegistrations() == 0
                    || ProductCatalogue.loadDefault().licenseSizes().contains(model.pbxMaxRegistrations()))
                    .as(model.name()).isTrue();
            if (!model.supportsPbx()) {
                assertThat(model.maximumFor(CountLicense.OPERATOR)).isZero();
                assertThat(model.maximumFor(CountLicense.SOFTPHONE)).isZero();
            }
            assertThat(model.description()).as(model.name()).isNotBlank();
        }
        ProductModel ip24 = ProductCatalogue.loadDefault().require("IP24");
        assertThat(ip24.abPorts()).isEqualTo(4);
        assertThat(ip24.isAssumed(ProductAttribute.AB_PORTS)).isFalse();
        assertThat(ip24.isAssumed(ProductAttribute.PBX_MAX_REGISTRATIONS)).isTrue();
    }

    @Test
    void lookUpIgnoresCaseAndUnknownModelsAreNamed() {
        ProductCatalogue catalogue = ProductCatalogue.loadDefault();
        assertThat(catalogue.find("ip811")).map(ProductModel::name).contains("IP811");
        assertThat(catalogue.find("IP9999")).isEmpty();
        assertThat(catalogue.find(null)).isEmpty();
        assertThatThrownBy(() -> catalogue.require("IP9999"))
                .isInstanceOf(UnknownProductModelException.class)
                .hasMessageContaining("\"IP9999\"").hasMessageContaining("products-v1");
    }

    @Test
    void loadsAnyCatalogueFromAStream() {
        String text = "# comment\n" + PREAMBLE + "\n" + HEADER + "\r\n"
                + "X1,1,2,3,30,4,true,5,6,7,ab_ports;dsp_channels,a test model\n";
        ProductCatalogue catalogue = load(text);
        assertThat(catalogue.version()).isEqualTo("t-1");
        assertThat(catalogue.licenseSizesAssumed()).isFalse();
        ProductModel x1 = catalogue.require("X1");
        assertThat(x1).isEqualTo(new ProductModel("X1", 1, 2, 3, 30, 4, true, 5, 6, 7,
                java.util.EnumSet.of(ProductAttribute.AB_PORTS, ProductAttribute.DSP_CHANNELS), "a test model"));
        assertThat(x1.maximumFor(CountLicense.DECT_MULTICELL)).isEqualTo(1);
        assertThat(x1.maximumFor(CountLicense.PRI)).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing version          | @format license-manager-products/1\\n@license-sizes 15\\nHEADER\\nROW | 3 | @version is missing",
            "wrong format             | @format other/2\\n@version v\\n@license-sizes 15\\nHEADER\\nROW | 1 | unsupported format",
            "unknown directive        | PREAMBLE@colour red\\nHEADER\\nROW | 4 | unknown directive",
            "directive after header   | PREAMBLEHEADER\\n@version v2\\nROW | 5 | before the header",
            "sizes not ascending      | @format license-manager-products/1\\n@version v\\n@license-sizes 30;15\\nHEADER\\nROW | 3 | ascending",
            "wrong header             | PREAMBLEmodel,ab\\nROW | 4 | header must be exactly",
            "too few fields           | PREAMBLEHEADER\\nX1,1,2 | 5 | expected 12",
            "negative number          | PREAMBLEHEADER\\nX1,-1,0,0,0,0,false,0,0,0,-,d | 5 | ab_ports must be a non-negative",
            "not a boolean            | PREAMBLEHEADER\\nX1,0,0,0,0,0,yes,0,0,0,-,d | 5 | dect_multicell_master must be true or false",
            "pbx size not on sale     | PREAMBLEHEADER\\nX1,0,0,0,20,0,false,0,0,0,-,d | 5 | one of the license sizes",
            "operators without pbx    | PREAMBLEHEADER\\nX1,0,0,0,0,0,false,0,2,0,-,d | 5 | need the PBX",
            "unknown assumed column   | PREAMBLEHEADER\\nX1,0,0,0,0,0,false,0,0,0,colour,d | 5 | unknown column",
            "duplicate model          | PREAMBLEHEADER\\nROW\\nROW | 6 | listed twice",
            "no models                | PREAMBLEHEADER | 0 | no product models",
            "no header                | PREAMBLE | 0 | header line",
    })
    void malformedCataloguesAreRejectedWithTheLine(String name, String text, int line, String message) {
        String catalogue = text.replace("\\n", "\n").replace("PREAMBLE", PREAMBLE).replace("HEADER", HEADER)
                .replace("ROW", "X1,0,0,0,0,0,false,0,0,0,-,d");
        CatalogueFormatException e = catchThrowableOfType(CatalogueFormatException.class, () -> load(catalogue));
        assertThat(e).as(name).isNotNull();
        assertThat(e.getMessage()).contains(message).startsWith("test");
        assertThat(e.line()).isEqualTo(line);
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] bytes = (PREAMBLE + HEADER + "\nX1,0,0,0,0,0,false,0,0,0,-,caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ProductCatalogue.load("test", new ByteArrayInputStream(bytes)))
                .isInstanceOf(CatalogueFormatException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void modelsAreImmutable() {
        ProductCatalogue catalogue = ProductCatalogue.loadDefault();
        assertThatThrownBy(() -> catalogue.models().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalogue.licenseSizes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalogue.require("IP811").assumed().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(List.copyOf(catalogue.models())).isEqualTo(catalogue.models());
    }

    @Test
    void theReadmeTableShowsExactlyTheShippedValues() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("<!-- catalogue-table:start -->"),
                readme.indexOf("<!-- catalogue-table:end -->"));
        List<String> rows = table.lines().filter(l -> l.startsWith("| IP")).toList();
        List<ProductModel> models = ProductCatalogue.loadDefault().models();
        assertThat(rows).hasSameSizeAs(models);
        List<ProductAttribute> columns = List.of(ProductAttribute.values());
        for (int i = 0; i < models.size(); i++) {
            ProductModel model = models.get(i);
            String[] cells = rows.get(i).substring(2, rows.get(i).length() - 2).split(" \\| ");
            assertThat(cells[0]).isEqualTo(model.name());
            for (int c = 0; c < columns.size(); c++) {
                ProductAttribute attribute = columns.get(c);
                String cell = cells[c + 1];
                assertThat(cell.endsWith("*")).as("%s %s assumed", model.name(), attribute).isEqualTo(model.isAssumed(attribute));
                assertThat(cell.replace("*", "")).as("%s %s", model.name(), attribute).isEqualTo(value(model, attribute));
            }
            assertThat(cells[columns.size() + 1]).isEqualTo(model.description());
        }
    }

    private static String value(ProductModel model, ProductAttribute attribute) {
        return switch (attribute) {
            case AB_PORTS -> String.valueOf(model.abPorts());
            case BRI_INTERFACES -> String.valueOf(model.briInterfaces());
            case PRI_INTERFACES -> String.valueOf(model.priInterfaces());
            case PBX_MAX_REGISTRATIONS -> String.valueOf(model.pbxMaxRegistrations());
            case DSP_CHANNELS -> String.valueOf(model.dspChannels());
            case DECT_MULTICELL_MASTER -> model.dectMulticellMaster() ? "yes" : "no";
            case GATEKEEPER_MAX -> String.valueOf(model.gatekeeperMax());
            case OPERATORS_MAX -> String.valueOf(model.operatorsMax());
            case SOFTPHONES_MAX -> String.valueOf(model.softphonesMax());
        };
    }

    private static ProductCatalogue load(String text) {
        return ProductCatalogue.load("test", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
