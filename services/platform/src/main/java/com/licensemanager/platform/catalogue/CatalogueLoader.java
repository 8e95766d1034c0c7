package com.licensemanager.platform.catalogue;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.catalogue.ProductModel;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.transaction.support.TransactionTemplate;

import static com.licensemanager.platform.db.Tables.PRODUCT_MODEL;

/**
 * Writes the product catalogue (a versioned resource of the licensing rules) into the database at start-up, so
 * units can refer to their model and support can query what a model holds. Every instance does it; the upsert
 * makes that harmless, and a new catalogue version simply overwrites the rows.
 */
public class CatalogueLoader implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(CatalogueLoader.class);

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final ProductCatalogue catalogue;

    public CatalogueLoader(DSLContext db, TransactionTemplate transactions, ProductCatalogue catalogue) {
        this.db = db;
        this.transactions = transactions;
        this.catalogue = catalogue;
    }

    @Override
    public void afterSingletonsInstantiated() {
        transactions.executeWithoutResult(status -> {
            for (ProductModel model : catalogue.models()) {
                db.insertInto(PRODUCT_MODEL)
                        .set(PRODUCT_MODEL.MODEL, model.name())
                        .set(PRODUCT_MODEL.CATALOGUE_VERSION, catalogue.version())
                        .set(PRODUCT_MODEL.AB_PORTS, model.abPorts())
                        .set(PRODUCT_MODEL.BRI_INTERFACES, model.briInterfaces())
                        .set(PRODUCT_MODEL.PRI_INTERFACES, model.priInterfaces())
                        .set(PRODUCT_MODEL.PBX_MAX_SIZE, model.pbxMaxRegistrations())
                        .set(PRODUCT_MODEL.DSP_CHANNELS, model.dspChannels())
                        .set(PRODUCT_MODEL.DECT_MASTER, model.dectMulticellMaster())
                        .set(PRODUCT_MODEL.DESCRIPTION, model.description())
                        .onConflict(PRODUCT_MODEL.MODEL).doUpdate()
                        .setAllToExcluded()
                        .execute();
            }
        });
        log.info("product catalogue {} loaded: {} models", catalogue.version(), catalogue.models().size());
    }
}
