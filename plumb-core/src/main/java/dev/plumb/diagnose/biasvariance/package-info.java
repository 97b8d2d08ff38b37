/**
 * The bias/variance verdict and the basic recipe that follows from it (high bias: a bigger network, longer
 * training; high variance: more data, regularization): {@link dev.plumb.diagnose.biasvariance.BiasVariance}
 * turns train, dev and optimal (Bayes) error into avoidable bias, variance, a verdict and the next steps to take.
 */
package dev.plumb.diagnose.biasvariance;
